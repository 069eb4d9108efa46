/**
 * The demo's HTTP endpoints for native calls and their answers to bad requests.
 */
@NullMarked
package io.tpool.demo.web;

import org.jspecify.annotations.NullMarked;
