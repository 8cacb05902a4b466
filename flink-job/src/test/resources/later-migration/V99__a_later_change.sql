-- A migration after the squashed V1, as a later build will bring one (PreReleaseSchemaITCase).
CREATE TABLE later_change (id integer PRIMARY KEY);
