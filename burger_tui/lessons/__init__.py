"""The seed's lessons beyond burgers, as real measurements (pure anyio, no Textual).

- ``blocking``: a blocking call inside ``async def`` stalls the whole event loop; the same work in a
  thread (what FastAPI does with plain ``def``) does not.
- ``cleaning``: "cleaning a house" is CPU-bound; threads take turns under the GIL, processes share the work.
"""
