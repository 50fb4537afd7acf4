"""Web push: VAPID keys, subscriptions from the notification settings, an outbox written with each event and a
worker that delivers it. A notification only says that something is new; what it is is read after sign-in."""
