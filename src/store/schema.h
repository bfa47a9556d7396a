/* The database schema as numbered migrations. Each entry moves the schema
 * from version i to i+1 and is applied once, in order, inside a
 * transaction, when a database is opened. Never edit a shipped entry: add one. */
#ifndef STORE_SCHEMA_H
#define STORE_SCHEMA_H

#include <stddef.h>

extern const char *const schema_migrations[];
extern const size_t schema_migrations_count;

#endif
