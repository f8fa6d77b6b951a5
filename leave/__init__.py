"""Leave requests (verlofaanvragen): parents ask, the school's director decides.

The rules of the Leerplichtwet live in `leave.rules` (pure functions), the
database side in `leave.services`, who may see and do what in `access.rules`.
"""
