{{/* The release's name prefix of every object. */}}
{{- define "renku.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "renku.labels" -}}
app.kubernetes.io/part-of: renku
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector labels of one component: (dict "ctx" $ "component" "gateway") */}}
{{- define "renku.selector" -}}
app.kubernetes.io/name: renku-{{ .component }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end -}}

{{/* The image the Maven build (Jib) makes for a deployable: (dict "ctx" $ "component" "gateway") */}}
{{- define "renku.image" -}}
{{- $i := .ctx.Values.image -}}
{{- printf "%s%s/java-%s:%s" $i.registry $i.repository .component (default .ctx.Chart.AppVersion $i.tag) -}}
{{- end -}}

{{- define "renku.publicUrl" -}}
{{- printf "%s://%s" .Values.scheme .Values.domain -}}
{{- end -}}

{{/* Pod-level security: non-root, no service links, the runtime's default seccomp profile. */}}
{{- define "renku.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  runAsGroup: 65532
  fsGroup: 65532
  seccompProfile:
    type: RuntimeDefault
enableServiceLinks: false
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Container-level security: read-only root file system (a tmpfs at /tmp), nothing added. */}}
{{- define "renku.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
{{- end -}}

{{/* Spring Boot's actuator probes (management base path "/", probes enabled) on a named port:
(dict "port" "http") for the gateway, "metrics" for the services whose actuator has its own port. */}}
{{- define "renku.actuatorProbes" -}}
startupProbe:
  httpGet: {path: /health/liveness, port: {{ .port }}}
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /health/liveness, port: {{ .port }}}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /health/readiness, port: {{ .port }}}
  periodSeconds: 5
  failureThreshold: 3
{{- end -}}

{{/* Env of a value given in clear (the chart's Secret) or by an existing Secret. */}}
{{- define "renku.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
{{- if .existingSecret }}
      name: {{ .existingSecret }}
      key: {{ .existingSecretKey }}
{{- else }}
      name: {{ include "renku.fullname" .ctx }}
      key: {{ .key }}
{{- end }}
{{- end -}}

{{/* The database connection every service with a schema uses. */}}
{{- define "renku.datasourceEnv" -}}
{{- $p := .Values.postgres -}}
- name: SPRING_DATASOURCE_URL
  value: {{ printf "jdbc:postgresql://%s:%v/%s" $p.host $p.port $p.database | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ $p.username | quote }}
{{ include "renku.secretEnv" (dict "ctx" . "name" "SPRING_DATASOURCE_PASSWORD" "existingSecret" $p.existingSecret "existingSecretKey" $p.existingSecretKey "key" "postgres-password") }}
{{- end -}}

{{/* The shared secrets (chart's Secret or secrets.existingSecret). */}}
{{- define "renku.sharedSecretEnv" -}}
{{ include "renku.secretEnv" (dict "ctx" .ctx "name" .name "existingSecret" .ctx.Values.secrets.existingSecret "existingSecretKey" .key "key" .key) }}
{{- end -}}

{{- define "renku.tmpVolume" -}}
- name: tmp
  emptyDir: {sizeLimit: 512Mi}
{{- end -}}
