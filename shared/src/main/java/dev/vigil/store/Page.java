package dev.vigil.store;

import java.util.List;
import java.util.Optional;

/** One page of a listing, newest or natural order, with the opaque token for the next page. */
public record Page<T>(List<T> items, Optional<String> nextToken) {
}
