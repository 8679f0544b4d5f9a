"""Staying close: a Scrutiny plugin, and the worked example of docs/writing-a-plugin.md.

Made by ``scrutiny plugin new staying_close --domain care_leavers``, then edited: one
rule (SC-STAYING-CLOSE, Children Act 1989 s23CZAA, inserted by the Children's Wellbeing
and Schools Act 2026 s7; prospective), the table and importer for the data it judges,
and a section of the audit pack. See README.md.
"""
