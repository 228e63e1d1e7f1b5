/** The thin path's wire protocol: messages, encodings and flow control (see issue 3). Plain Java, no JavaFX. */
package org.thinrich.display.protocol;
