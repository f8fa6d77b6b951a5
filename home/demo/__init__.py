"""The demo school board that `manage.py seed_demo` builds.

`data` describes the board (schools, class groups, people, pages) as plain
values; `builder` turns that description into database rows, looking every
row up by a natural key first so the seed can run any number of times.
"""
