/**
 * What only tpool's own integrations call, such as the Spring integration's advice: not
 * API, and it may change in any release.
 */
@NullMarked
package io.tpool.internal;

import org.jspecify.annotations.NullMarked;
