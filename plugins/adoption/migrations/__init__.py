"""Migrations for the adoption plugin's tables (branch label ``adoption``)."""
