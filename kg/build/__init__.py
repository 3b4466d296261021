"""``kg build`` and ``kg extract`` end to end: read, extract (in processes or on Dask), spool to disk, and write
the resolved graph into a store a chunk at a time."""
