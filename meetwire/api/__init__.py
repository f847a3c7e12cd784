"""The read-only HTTP API and the meetings timeline page (`meetwire api`); see `app.create_app`."""
