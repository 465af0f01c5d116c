package dev.vigil.admin;

/** A slug another application of the tenant already has: 409, nothing written. */
final class SlugTaken extends RuntimeException {
    SlugTaken(String slug) {
        super("slug '" + slug + "' is taken by another application of this tenant; nothing was written. Choose another");
    }
}
