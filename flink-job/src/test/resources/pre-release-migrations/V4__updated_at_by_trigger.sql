-- updated_at is set by PostgreSQL, not by the job. The job's continuous aggregations retract a
-- row by repeating it exactly; a timestamp computed in Flink SQL differs between the row and its
-- retraction, so Flink could not match them and a group that had emptied kept its row.

CREATE FUNCTION pulse_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

ALTER TABLE lead_source_quality ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE rep_pipeline ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE daily_source_stats ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE daily_rep_stats ALTER COLUMN updated_at SET DEFAULT now();

CREATE TRIGGER lead_source_quality_updated_at BEFORE INSERT OR UPDATE ON lead_source_quality
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER rep_pipeline_updated_at BEFORE INSERT OR UPDATE ON rep_pipeline
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER daily_source_stats_updated_at BEFORE INSERT OR UPDATE ON daily_source_stats
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER daily_rep_stats_updated_at BEFORE INSERT OR UPDATE ON daily_rep_stats
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER sync_state_updated_at BEFORE INSERT OR UPDATE ON sync_state
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER dead_letters_updated_at BEFORE INSERT OR UPDATE ON dead_letters
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
