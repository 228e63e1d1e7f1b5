/** The rich client: local replica, outbox, sync engine and the JavaFX calendar app over them (see issue 4). */
package org.thinrich.rich;
