-- The KPIs of one period read only the deaths of that period: by region, then date of death.
CREATE INDEX deaths_region_date ON deaths (region_id, (doc->>'dateOfDeath'));
