"""Smart-city schemes described as data: the file format, its loader and the bundled library.

Pure Python: nothing here imports Django or touches a database.
"""
