"""Demonstration content for TechCampus Haarlemmermeer.

The texts live in JSON files under ``data/``; the modules here only turn
them into rows, pages, images and documents. Everything is looked up by a
stable key first and created only when it is missing, so seeding twice
changes nothing.
"""
