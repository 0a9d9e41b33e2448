"""A small OpenID provider of the tests' own (django-oauth-toolkit), run in a subprocess on 127.0.0.1 with its own
SQLite database and an RSA key made at start: citycert's single sign-on is tested against it, never a mocked answer."""
