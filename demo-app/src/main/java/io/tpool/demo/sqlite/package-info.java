/**
 * SQLite, a second JNI JDBC driver, behind HikariCP beside Boot's own DataSource, with
 * its row-heavy report through the offloaded {@code JdbcOperations} recipe.
 */
@NullMarked
package io.tpool.demo.sqlite;

import org.jspecify.annotations.NullMarked;
