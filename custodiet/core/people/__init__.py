"""People and roles: accounts, who holds which role, and the changes that need a second person.

``services`` writes (every change an audit entry), ``selectors`` reads, ``parts``
lets the apps above core add their part of an account (the State a liaison answers
for, the body a member works for, the delegations they are on) without core
importing them, ``views`` and ``urls`` are the administrators' pages.
"""
