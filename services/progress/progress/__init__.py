"""The progress service: communes against the national NTM criteria, recognitions and rates."""
