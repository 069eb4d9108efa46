package io.tpool.demo.web;

import io.tpool.demo.nativecall.NativeCall;
import io.tpool.demo.nativecall.NativeClient;
import io.tpool.demo.nativecall.NativeClientConfiguration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same blocking native call, made through the {@code @Offload} client
 * ({@code /native}) and on the request's own virtual thread ({@code /native/direct}).
 *
 * @since 0.1.0
 */
@RestController
class NativeController {

	/**
	 * The longest call a request may ask for.
	 */
	static final int MAX_MILLIS = 10_000;

	private final NativeClient offloaded;

	private final NativeClient direct;

	NativeController(@Qualifier(NativeClientConfiguration.OFFLOADED) NativeClient offloaded,
			@Qualifier(NativeClientConfiguration.DIRECT) NativeClient direct) {
		this.offloaded = offloaded;
		this.direct = direct;
	}

	@GetMapping("/native")
	NativeCall offloaded(@RequestParam int millis) {
		return this.offloaded.sleep(InvalidParameterException.requireBetween("millis", millis, 0, MAX_MILLIS));
	}

	@GetMapping("/native/direct")
	NativeCall direct(@RequestParam int millis) {
		return this.direct.sleep(InvalidParameterException.requireBetween("millis", millis, 0, MAX_MILLIS));
	}

}
