package io.crmpulse.browser;

/**
 * The size of the browser's page: {@link #DESKTOP} as on a laptop, {@link #PHONE} as on a phone
 * that opens a link from WhatsApp (390 CSS pixels wide, as an iPhone 12 to 15), emulated as a
 * mobile device so that a page without a {@code width=device-width} viewport is laid out as a phone
 * would.
 *
 * @param name the suffix of this size's screenshots
 * @param width CSS pixels
 * @param height CSS pixels
 * @param pixelRatio device pixels per CSS pixel, so a screenshot is {@code width * pixelRatio} wide
 * @param mobile whether Chromium emulates a phone (touch, and a too-wide page zoomed out to fit)
 */
public record Viewport(String name, int width, int height, int pixelRatio, boolean mobile) {

    /** A laptop's window. */
    public static final Viewport DESKTOP = new Viewport("desktop", 1280, 900, 1, false);

    /** A phone in portrait. */
    public static final Viewport PHONE = new Viewport("phone", 390, 844, 3, true);
}
