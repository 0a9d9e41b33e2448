"""A city's assessments: answers per item, evidence and the workflow of a submission."""
