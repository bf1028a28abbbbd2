-- The adhesion rule (directory.ActiveAdhesion) is asked on every request:
-- the services the session's entity is adhered to and the grants in force
-- there probe adhesions by entity and service. The primary key starts with
-- the entity, but with (service_code, state) also indexed the planner
-- probed every entity's adhesions to each service; this index answers the
-- probe from the entity's few rows.
CREATE INDEX adhesions_entity_service_state ON adhesions (entity_id, service_code, state);
