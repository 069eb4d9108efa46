/**
 * The carrier watchdog: detects virtual threads that keep every carrier busy and names
 * the application code they are running.
 */
@NullMarked
package io.tpool.autoconfigure.watchdog;

import org.jspecify.annotations.NullMarked;
