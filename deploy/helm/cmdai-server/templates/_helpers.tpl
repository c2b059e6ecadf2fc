{{/* The name every object of the release carries. */}}
{{- define "cmdai-server.fullname" -}}
{{- printf "%s-cmdai-server" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cmdai-server.selector" -}}
app.kubernetes.io/name: cmdai-server
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cmdai-server.labels" -}}
{{ include "cmdai-server.selector" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "cmdai-server.secretName" -}}
{{- if .Values.existingSecret -}}{{ .Values.existingSecret }}{{- else -}}{{ include "cmdai-server.fullname" . }}{{- end -}}
{{- end -}}
