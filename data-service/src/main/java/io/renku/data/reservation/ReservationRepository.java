package io.renku.data.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code resource_pools.capacity_reservations} (V22). */
@Repository
public class ReservationRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COLUMNS =
      "id, name, resource_class_id, project_template_id, recurrence_type, start_date, end_date,"
          + " schedule::text AS schedule, placeholder_count, lead_time_minutes,"
          + " scale_down_behavior, created_by, creation_date";

  private final JdbcClient jdbc;

  public ReservationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<CapacityReservation> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM resource_pools.capacity_reservations ORDER BY id")
        .query(ReservationRepository::map)
        .list();
  }

  public void insert(CapacityReservation r) {
    jdbc.sql(
            """
            INSERT INTO resource_pools.capacity_reservations
              (id, name, resource_class_id, project_template_id, recurrence_type, start_date,
               end_date, schedule, placeholder_count, lead_time_minutes, scale_down_behavior,
               created_by, creation_date)
            VALUES (:id, :name, :class, :template, :type, :start, :end, CAST(:schedule AS jsonb),
                    :count, :lead, :scale, :by, :at)
            """)
        .param("id", r.id())
        .param("name", r.name())
        .param("class", r.resourceClassId())
        .param("template", r.projectTemplateId())
        .param("type", r.recurrenceType())
        .param("start", r.startDate())
        .param("end", r.endDate())
        .param("schedule", scheduleJson(r.schedule()))
        .param("count", r.placeholderCount())
        .param("lead", r.leadTimeMinutes())
        .param("scale", r.scaleDownBehavior())
        .param("by", r.createdBy())
        .param("at", r.creationDate())
        .update();
  }

  /** Whether a reservation was deleted. */
  public boolean delete(String id) {
    return jdbc.sql("DELETE FROM resource_pools.capacity_reservations WHERE id = :id")
            .param("id", id)
            .update()
        > 0;
  }

  private static String scheduleJson(List<CapacityReservation.Window> schedule) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (CapacityReservation.Window w : schedule) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("day_of_week", w.dayOfWeek());
      m.put("start_time", ReservationService.TIME.format(w.startTime()));
      m.put("end_time", ReservationService.TIME.format(w.endTime()));
      out.add(m);
    }
    return JSON.writeValueAsString(out);
  }

  private static CapacityReservation map(ResultSet rs, int row) throws SQLException {
    List<CapacityReservation.Window> schedule = new ArrayList<>();
    for (JsonNode w : JSON.readTree(rs.getString("schedule"))) {
      schedule.add(
          new CapacityReservation.Window(
              w.path("day_of_week").asInt(),
              LocalTime.parse(w.path("start_time").asString()),
              LocalTime.parse(w.path("end_time").asString())));
    }
    return new CapacityReservation(
        rs.getString("id"),
        rs.getString("name"),
        rs.getInt("resource_class_id"),
        rs.getString("project_template_id"),
        rs.getString("recurrence_type"),
        rs.getObject("start_date", java.time.LocalDate.class),
        rs.getObject("end_date", java.time.LocalDate.class),
        List.copyOf(schedule),
        rs.getInt("placeholder_count"),
        rs.getInt("lead_time_minutes"),
        rs.getString("scale_down_behavior"),
        rs.getString("created_by"),
        rs.getObject("creation_date", OffsetDateTime.class));
  }
}
