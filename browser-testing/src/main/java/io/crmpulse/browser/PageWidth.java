package io.crmpulse.browser;

/**
 * How wide a page's content is against the viewport it is laid out in.
 *
 * <p>The viewport is {@code document.documentElement.clientWidth}, not {@code window.innerWidth}: a
 * phone zooms a too-wide page out until it fits, and {@code innerWidth} then grows to the content's
 * width, so that a page 600 pixels wide would seem to fit a 390-pixel phone.
 *
 * @param scrollWidth {@code document.documentElement.scrollWidth}: the width of the content
 * @param viewportWidth {@code document.documentElement.clientWidth}: the width of the layout
 *     viewport, the phone's width when the page declares {@code width=device-width}
 */
public record PageWidth(long scrollWidth, long viewportWidth) {

    /** Whether the page fits its viewport, so that a reader never scrolls sideways. */
    public boolean hasNoHorizontalScroll() {
        return scrollWidth <= viewportWidth;
    }
}
