"""The bundled default model (package data: model.joblib and meta.json)."""
