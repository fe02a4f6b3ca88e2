global using Consent.Domain;
