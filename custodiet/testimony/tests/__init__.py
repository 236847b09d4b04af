"""Tests of testimony: rules without a database, services, selectors, the role matrix, pages, API, queries, the database file and the browser."""
