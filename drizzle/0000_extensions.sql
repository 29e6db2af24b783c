-- Trigram search (course titles in Chinese and English) needs pg_trgm before its indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
