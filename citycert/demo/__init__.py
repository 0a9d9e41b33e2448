"""Demo data: the cities of the Korean press reports, their published results, and one login per role."""
