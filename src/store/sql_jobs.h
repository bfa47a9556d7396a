#ifndef STORE_SQL_JOB_H
#define STORE_SQL_JOB_H

#define JOB_STATEMENTS(X)

#endif
