/** The thin client: an engine that decodes framebuffer updates and forwards input, and a JavaFX view (see issue 3). It must never depend on calendar data types. */
package org.thinrich.thin;
