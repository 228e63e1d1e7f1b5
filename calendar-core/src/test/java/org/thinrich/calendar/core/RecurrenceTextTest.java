package org.thinrich.calendar.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecurrenceTextTest {
    @Test
    void rulesReadAsPeopleSayThem() {
        assertThat(RecurrenceText.describe(null)).isEqualTo("does not repeat");
        assertThat(RecurrenceText.describe("FREQ=WEEKLY;COUNT=4")).isEqualTo("weekly, 4 times");
        assertThat(RecurrenceText.describe("FREQ=WEEKLY;BYDAY=MO,WE")).isEqualTo("weekly on Mon, Wed");
        assertThat(RecurrenceText.describe("FREQ=DAILY;INTERVAL=2;UNTIL=20270101T000000Z")).isEqualTo("every 2 days, until 2027-01-01");
        assertThat(RecurrenceText.describe("FREQ=MONTHLY;BYDAY=-1FR")).isEqualTo("monthly on last Fri");
        assertThat(RecurrenceText.describe("FREQ=FORTNIGHTLY")).as("unreadable: shown as it is").isEqualTo("FREQ=FORTNIGHTLY");
    }
}
