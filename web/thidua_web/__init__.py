"""The web app people work in: a static app served by this process, and /api/<service>/... forwarded
to the services with the user's bearer token (same origin: the browser needs no CORS)."""
