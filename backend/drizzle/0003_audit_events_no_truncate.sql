-- Row triggers do not see TRUNCATE; this statement trigger closes that way of erasing the trail.
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
