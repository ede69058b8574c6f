"""The Department of Finance following thidua's award decisions to list the prizes to pay.

An example of a consumer of thidua's topics written from the published contracts alone (the
committed JSON Schemas under contracts/schemas/ and contracts/asyncapi.json): it imports nothing
of thidua. See docs/consumers.md.
"""
