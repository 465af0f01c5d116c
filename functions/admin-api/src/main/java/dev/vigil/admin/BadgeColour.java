package dev.vigil.admin;

/**
 * The colours a badge's message part takes, as SVG fill and as the Shields.io colour name: the state
 * badges use bright green (up), yellow (late), red (down) and grey (paused, new); uptime badges add
 * green for a figure that is good but not excellent.
 */
enum BadgeColour {
    BRIGHT_GREEN("#4c1", "brightgreen"),
    GREEN("#97ca00", "green"),
    YELLOW("#dfb317", "yellow"),
    RED("#e05d44", "red"),
    GREY("#9f9f9f", "lightgrey");

    private final String fill;
    private final String shields;

    BadgeColour(String fill, String shields) {
        this.fill = fill;
        this.shields = shields;
    }

    /** The SVG fill. */
    String fill() {
        return fill;
    }

    /** The Shields.io name of the same colour. */
    String shields() {
        return shields;
    }
}
