-- The dashboard's alerts show each alert's WhatsApp delivery: the outbox rows of one alert, found
-- by kind and ref. Without an index that was a scan of the whole outbox per alert listed (15.6 s
-- for a week's 291 alerts next to 150,000 outbox rows; README, "The dashboard's API").

CREATE INDEX notifications_kind_ref ON notifications (kind, ref);
