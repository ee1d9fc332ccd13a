package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import soundstage.core.UserException;

/** Partition folders and conditions, formats, and the partition-column list. */
class TestLakePartition {
    private static final LakeTable STREAMS = new LakeTable("central", "spotify_streams",
            List.of(new LakeTable.Column("ts", "TIMESTAMP"), new LakeTable.Column("listener", "VARCHAR")), new LakeTable.Column("ts", "TIMESTAMP"));
    private static final LakeTable INSTANTS = new LakeTable("central", "spotify_streams",
            List.of(new LakeTable.Column("ts", "timestamp with time zone")), new LakeTable.Column("ts", "timestamp with time zone"));

    @Test
    void aMonthIsAHiveStyleFolderWithATwoDigitMonth() {
        assertThat(Partition.of(YearMonth.of(2019, 3)).folder()).isEqualTo("year=2019/month=03");
        assertThat(Partition.of(YearMonth.of(2019, 12)).folder()).isEqualTo("year=2019/month=12");
    }

    @Test
    void rowsWithoutADateOrWithAnInfiniteOneGoToHivesDefaultPartition() {
        assertThat(Partition.nullValue().folder()).isEqualTo("year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__");
        assertThat(Partition.nullValue().condition(STREAMS)).isEqualTo("(\"ts\" IS NULL OR NOT isfinite(\"ts\"))");
    }

    @Test
    void aWholeTableHasNoFolderAndNoCondition() {
        assertThat(Partition.whole().folder()).isEmpty();
        assertThat(Partition.whole().condition(STREAMS)).isEmpty();
    }

    @Test
    void aMonthIsARangeOfThePartitionValue() {
        assertThat(Partition.of(YearMonth.of(2019, 12)).condition(STREAMS))
                .isEqualTo("\"ts\" >= TIMESTAMP '2019-12-01 00:00:00' AND \"ts\" < TIMESTAMP '2020-01-01 00:00:00'");
    }

    @Test
    void instantsAreTakenInUtc() {
        assertThat(Partition.of(YearMonth.of(2019, 3)).condition(INSTANTS))
                .isEqualTo("(\"ts\" AT TIME ZONE 'UTC') >= TIMESTAMP '2019-03-01 00:00:00' AND (\"ts\" AT TIME ZONE 'UTC') < TIMESTAMP '2019-04-01 00:00:00'");
    }

    @Test
    void partitionsSortByMonthWithRowsWithoutADateLast() {
        assertThat(new TreeSet<>(List.of(Partition.nullValue(), Partition.of(YearMonth.of(2019, 3)), Partition.of(YearMonth.of(2018, 12)))))
                .containsExactly(Partition.of(YearMonth.of(2018, 12)), Partition.of(YearMonth.of(2019, 3)), Partition.nullValue());
    }

    @Test
    void formatsByName() {
        assertThat(LakeFormat.fromCliName("parquet")).isEqualTo(LakeFormat.PARQUET);
        assertThat(LakeFormat.fromCliName("json").fileName()).isEqualTo("part.json");
        assertThatThrownBy(() -> LakeFormat.fromCliName("csv")).isInstanceOf(UserException.class)
                .hasMessage("Unknown format 'csv'. Use one of: parquet, json.");
    }

    @Test
    void thePartitionColumnsAreTheStreamsTsAndTheSongplaysAndTimeStartTime() {
        assertThat(TableCatalog.partitionColumns()).containsExactly(
                java.util.Map.entry("central.spotify_streams", "ts"),
                java.util.Map.entry("analytics.songplays", "start_time"),
                java.util.Map.entry("analytics.time", "start_time"));
    }
}
