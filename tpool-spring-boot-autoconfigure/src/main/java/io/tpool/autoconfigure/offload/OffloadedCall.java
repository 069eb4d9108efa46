package io.tpool.autoconfigure.offload;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;

/**
 * Where and with which deadline the calls of an offloaded method run, as the actuator
 * endpoint lists them.
 *
 * @param method the method's name
 * @param pool the {@linkplain io.tpool.Tpool#name() name} of the pool its calls run on
 * @param timeout the deadline of each call: the one that its {@code @Offload} sets, else
 * its pool's; {@code null} (written as such) for none
 * @since 0.3.0
 */
public record OffloadedCall(String method, String pool, @JsonInclude(Include.ALWAYS) @Nullable Duration timeout) {

}
