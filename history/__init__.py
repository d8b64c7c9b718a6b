"""Editors' change history: every write to cases, their cited links, findings, evidence links and
quotations is recorded (who, when, through what, field by field) in the same transaction."""
