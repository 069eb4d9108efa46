/**
 * The answer of a web application to a call that a pool's deadline or refusal ended:
 * {@code 503 Service Unavailable} with a problem detail.
 */
@NullMarked
package io.tpool.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
