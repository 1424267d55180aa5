"""What a screen's widgets look like, as data: every style of each, and of its component classes."""

from __future__ import annotations

from textual.css.styles import RULE_NAMES
from textual.widget import Widget


def styles_of(screen: Widget) -> dict[str, dict[str, str]]:
    """Every style of every widget on ``screen`` (by its place in the tree), and of its component classes,
    each as its ``repr`` (a layout is an object of its own in each rule that sets it)."""
    styled: dict[str, dict[str, str]] = {}
    for index, node in enumerate([screen, *screen.walk_children(Widget)]):
        place = f"{index} {type(node).__name__}#{node.id}"
        styled[place] = {name: repr(getattr(node.styles, name)) for name in RULE_NAMES}
        for component in sorted(node._get_component_classes()):
            styles = node.get_component_styles(component)
            styled[f"{place} .{component}"] = {name: repr(getattr(styles, name)) for name in RULE_NAMES}
    return styled
