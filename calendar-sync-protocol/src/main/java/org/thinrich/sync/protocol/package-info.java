/** The rich path's sync protocol: intent-named messages on Kryo (see issue 4). */
package org.thinrich.sync.protocol;
