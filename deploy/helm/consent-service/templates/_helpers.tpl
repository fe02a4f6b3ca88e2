{{- define "consent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "consent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "consent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "consent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "consent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "consent.labels" -}}
helm.sh/chart: {{ include "consent.chart" . }}
{{ include "consent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "consent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "consent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "consent.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Refuses settings that would run the service unguarded. */}}
{{- define "consent.validate" -}}
{{- if and (not .Values.config.auth.authority) (not .Values.secrets.authSigningKey.existingSecret) }}
{{- fail "config.auth.authority or secrets.authSigningKey.existingSecret must be set: the built-in development key must not guard real data" }}
{{- end }}
{{- end }}

{{/* The portal's objects: its own name label, so the service's selectors (Service, PDB, NetworkPolicy) never pick its pods. */}}
{{- define "consent.portal.fullname" -}}
{{- printf "%s-portal" (include "consent.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "consent.portal.selectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-portal" (include "consent.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: portal
{{- end }}

{{- define "consent.portal.labels" -}}
helm.sh/chart: {{ include "consent.chart" . }}
{{ include "consent.portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "consent.portal.image" -}}
{{- if .Values.portal.image.digest }}
{{- printf "%s@%s" .Values.portal.image.repository .Values.portal.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.portal.image.repository (default .Chart.AppVersion .Values.portal.image.tag) }}
{{- end }}
{{- end }}

{{/* The portal signs patients in at the OIDC authority: its own, else the service's. */}}
{{- define "consent.portal.authority" -}}
{{- default .Values.config.auth.authority .Values.portal.oidc.authority }}
{{- end }}
