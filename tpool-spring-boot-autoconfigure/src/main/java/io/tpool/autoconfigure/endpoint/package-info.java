/**
 * The {@code tpool} actuator endpoint.
 */
@NullMarked
package io.tpool.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
