/**
 * A Spring Boot 3.5 application with the tpool starter.
 */
@NullMarked
package io.tpool.compatibility.boot3;

import org.jspecify.annotations.NullMarked;
